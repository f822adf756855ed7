import { Global, Module } from '@nestjs/common';
import { DemoSeeder } from './demo.seeder.js';
import { SignInModule } from '../sign-in/sign-in.module.js';

@Global()
@Module({ imports: [SignInModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class DemoModule {}
